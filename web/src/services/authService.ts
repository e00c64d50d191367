// Static Web Apps authentication: who is signed in (`/.auth/me`) and the login/logout URLs.
import { z } from "zod";

import { appEnv } from "../env.js";

const authMeSchema = z.object({
  clientPrincipal: z
    .object({
      identityProvider: z.string(),
      userId: z.string(),
      userDetails: z.string(),
      userRoles: z.array(z.string()),
    })
    .nullable(),
});
export type SwaPrincipal = NonNullable<z.infer<typeof authMeSchema>["clientPrincipal"]>;

export const authService = {
  async me(): Promise<SwaPrincipal | null> {
    const res = await fetch("/.auth/me", {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!res.ok) return null;
    const parsed = authMeSchema.safeParse(await res.json());
    return parsed.success ? parsed.data.clientPrincipal : null;
  },
  loginUrl(returnTo: string): string {
    return `/.auth/login/${appEnv.authProvider}?post_login_redirect_uri=${encodeURIComponent(returnTo)}`;
  },
  logoutUrl(): string {
    return `/.auth/logout?post_logout_redirect_uri=${encodeURIComponent("/")}`;
  },
};
