// The frame of every signed-in page: product bar (workspace, notifications, user menu) and navigation.
import {
  Avatar,
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Select,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { type ReactNode } from "react";
import { NavLink, useNavigate } from "react-router-dom";

import { authService } from "../services/authService.js";
import { useSession, useWorkspace } from "../hooks/session.js";
import { NotificationsBell } from "./NotificationsBell.js";

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    display: "flex",
    flexDirection: "column",
    backgroundColor: tokens.colorNeutralBackground2,
  },
  bar: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    flexWrap: "wrap",
  },
  product: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, marginRight: "auto" },
  barControls: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    borderRadius: tokens.borderRadiusMedium,
    padding: `0 ${tokens.spacingHorizontalXS}`,
  },
  nav: {
    display: "flex",
    gap: tokens.spacingHorizontalXS,
    padding: `0 ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    overflowX: "auto",
  },
  navLink: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    color: tokens.colorNeutralForeground2,
    textDecoration: "none",
    whiteSpace: "nowrap",
    borderBottom: "3px solid transparent",
    ":hover": { color: tokens.colorNeutralForeground1 },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  navActive: {
    color: tokens.colorNeutralForeground1,
    borderBottomColor: tokens.colorBrandStroke1,
    fontWeight: 600,
  },
  main: {
    flexGrow: 1,
    width: "100%",
    maxWidth: "1440px",
    boxSizing: "border-box",
    margin: "0 auto",
    padding: tokens.spacingHorizontalL,
    "@media (max-width: 600px)": { padding: tokens.spacingHorizontalS },
  },
  skip: {
    position: "absolute",
    left: "-9999px",
    ":focus": {
      left: tokens.spacingHorizontalS,
      top: tokens.spacingVerticalS,
      zIndex: 10,
      padding: "8px",
      background: "#fff",
    },
  },
  wsSelect: { minWidth: "160px" },
});

export function AppShell({ children }: { children: ReactNode }) {
  const styles = useStyles();
  const { me, principal } = useSession();
  const ws = useWorkspace();
  const navigate = useNavigate();
  const base = `/w/${encodeURIComponent(ws.workspaceId)}`;
  const links = [
    { to: `${base}/runs`, label: "Monitoring" },
    { to: `${base}/tenants`, label: "Tenants" },
    { to: `${base}/restore`, label: "Restore" },
    { to: `${base}/audit`, label: "Audit log" },
  ];
  return (
    <div className={styles.root}>
      <a className={styles.skip} href="#main">
        Skip to content
      </a>
      <header className={styles.bar}>
        <Text className={styles.product} as="span">
          Intune Ops Ledger
        </Text>
        <div className={styles.barControls}>
          {me.workspaces.length > 1 ? (
            <Select
              className={styles.wsSelect}
              aria-label="Workspace"
              value={ws.workspaceId}
              onChange={(_, d) => void navigate(`/w/${encodeURIComponent(d.value)}/runs`)}
            >
              {me.workspaces.map((w) => (
                <option key={w.workspaceId} value={w.workspaceId}>
                  {w.name}
                </option>
              ))}
            </Select>
          ) : (
            <Text style={{ padding: "0 8px" }}>{ws.name}</Text>
          )}
          <NotificationsBell workspaceId={ws.workspaceId} />
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button appearance="subtle" data-testid="account-menu">
                <Avatar name={me.principal.name} size={24} aria-hidden />
                <Text style={{ marginLeft: 8 }}>
                  {me.principal.name} · {ws.role}
                </Text>
              </Button>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                <MenuItem disabled>Signed in via {principal.identityProvider}</MenuItem>
                <MenuItem onClick={() => window.location.assign(authService.logoutUrl())}>Sign out</MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
        </div>
      </header>
      <nav className={styles.nav} aria-label="Main">
        {links.map((l) => (
          <NavLink
            key={l.to}
            to={l.to}
            className={({ isActive }) => mergeClasses(styles.navLink, isActive && styles.navActive)}
          >
            {l.label}
          </NavLink>
        ))}
      </nav>
      <main id="main" className={styles.main}>
        {children}
      </main>
    </div>
  );
}
