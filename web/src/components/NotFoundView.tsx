// "Not found" for anything the user may not see: no hint whether it exists elsewhere.
import { Button, Title2, Text, makeStyles, tokens } from "@fluentui/react-components";
import { SearchInfo24Regular } from "@fluentui/react-icons";
import { useNavigate } from "react-router-dom";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalXXL,
  },
});

export function NotFoundView({ what = "page" }: { what?: string }) {
  const styles = useStyles();
  const navigate = useNavigate();
  return (
    <section className={styles.root} aria-labelledby="not-found-title">
      <SearchInfo24Regular aria-hidden />
      <Title2 as="h1" id="not-found-title">
        Not found
      </Title2>
      <Text>This {what} does not exist, or you do not have access to it.</Text>
      <Button appearance="primary" onClick={() => void navigate("/")}>
        Go to my workspace
      </Button>
    </section>
  );
}
