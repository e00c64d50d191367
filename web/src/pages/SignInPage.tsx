// Shown when nobody is signed in, or when the signed-in user belongs to no workspace.
import { Button, Card, Text, Title1, makeStyles, tokens } from "@fluentui/react-components";

import { authService } from "../services/authService.js";

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    display: "grid",
    placeItems: "center",
    backgroundColor: tokens.colorNeutralBackground2,
    padding: tokens.spacingHorizontalL,
  },
  card: {
    maxWidth: "460px",
    padding: tokens.spacingHorizontalXXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
});

export function SignInPage({ reason }: { reason?: "no-workspace" }) {
  const styles = useStyles();
  const returnTo = window.location.pathname + window.location.search;
  return (
    <main className={styles.root}>
      <Card className={styles.card}>
        <Title1 as="h1">Intune Ops Ledger</Title1>
        {reason === "no-workspace" ? (
          <Text>
            You are signed in, but you are not a member of any workspace. Ask a workspace owner to add you.
          </Text>
        ) : (
          <Text>
            Back up Intune policies with their assignments, restore them, and watch every operation in one
            place.
          </Text>
        )}
        {reason === "no-workspace" ? (
          <Button as="a" href={authService.logoutUrl()}>
            Sign out
          </Button>
        ) : (
          <Button as="a" appearance="primary" href={authService.loginUrl(returnTo === "/" ? "/" : returnTo)}>
            Sign in
          </Button>
        )}
      </Card>
    </main>
  );
}
