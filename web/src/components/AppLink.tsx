// A Fluent link that navigates inside the single-page app (keeps href for new tabs and screen readers).
import { Link } from "@fluentui/react-components";
import type { MouseEvent, ReactNode } from "react";
import { useNavigate } from "react-router-dom";

export interface AppLinkProps {
  to: string;
  children: ReactNode;
  title?: string;
}

export function AppLink({ to, children, title }: AppLinkProps) {
  const navigate = useNavigate();
  return (
    <Link
      href={to}
      title={title}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        void navigate(to);
      }}
    >
      {children}
    </Link>
  );
}
