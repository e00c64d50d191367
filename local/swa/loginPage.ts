// The dev login page of the SWA emulation: pick a seeded user or type one (like the SWA CLI's form).
export interface DevLoginUser {
  userId: string;
  userDetails: string;
  /** What the user is in the demo workspace, shown as a hint only; workspace roles come from the API. */
  hint: string;
  roles?: readonly string[];
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderLoginPage(provider: string, users: readonly DevLoginUser[], redirect: string): string {
  const options = users
    .map((u, i) => {
      const id = `user-${i}`;
      return `<li><input type="radio" name="pick" id="${id}" value="${escapeHtml(u.userId)}"${i === 0 ? " checked" : ""}
        data-details="${escapeHtml(u.userDetails)}" data-roles="${escapeHtml((u.roles ?? []).join(","))}">
        <label for="${id}"><strong>${escapeHtml(u.userDetails)}</strong> <span>${escapeHtml(u.userId)} · ${escapeHtml(u.hint)}</span></label></li>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in (local Static Web Apps emulation)</title>
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f5f5f5;color:#242424;margin:0;padding:2rem 1rem}
main{max-width:34rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 2px 8px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin-top:0}ul{list-style:none;padding:0}li{margin:.5rem 0;display:flex;gap:.5rem;align-items:baseline}
label span{color:#616161;font-size:.9rem}fieldset{border:1px solid #d1d1d1;border-radius:6px;margin:1rem 0}
.field{display:flex;flex-direction:column;margin:.5rem 0}.field input{padding:.4rem;border:1px solid #8a8886;border-radius:4px}
button{background:#0f6cbd;color:#fff;border:0;border-radius:4px;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}
button:focus-visible,input:focus-visible{outline:2px solid #000;outline-offset:2px}
p.note{color:#616161;font-size:.85rem}
</style></head>
<body><main>
<h1>Sign in with ${escapeHtml(provider)} (local emulation)</h1>
<p class="note">This page exists only on the local stack. In Azure, Static Web Apps signs users in with Entra ID.</p>
<form method="post" action="/.auth/login/${escapeHtml(provider)}">
<input type="hidden" name="post_login_redirect_uri" value="${escapeHtml(redirect)}">
<fieldset><legend>Seeded users</legend><ul>
${options}
<li><input type="radio" name="pick" id="user-custom" value=""><label for="user-custom"><strong>Someone else</strong> <span>type below</span></label></li>
</ul></fieldset>
<fieldset><legend>Someone else</legend>
<div class="field"><label for="userId">User id</label><input id="userId" name="userId" autocomplete="off"></div>
<div class="field"><label for="userDetails">User name</label><input id="userDetails" name="userDetails" autocomplete="off"></div>
<div class="field"><label for="roles">Extra roles (comma separated)</label><input id="roles" name="roles" autocomplete="off"></div>
</fieldset>
<button type="submit">Sign in</button>
</form></main></body></html>`;
}
