// A button that asks for confirmation in a dialog stating exactly what will happen; hidden reasons
// (a missing capability) render as a disabled button with the reason next to it.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Text,
  Tooltip,
  type ButtonProps,
} from "@fluentui/react-components";
import { useState, type ReactNode } from "react";

import { ProblemBar } from "./ProblemBar.js";

export interface ConfirmActionProps {
  label: string;
  icon?: ButtonProps["icon"];
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  disabledReason?: string | undefined;
  onConfirm: () => Promise<void>;
}

export function ConfirmAction(props: ConfirmActionProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  if (props.disabledReason) {
    return (
      <Tooltip content={props.disabledReason} relationship="description">
        <Button icon={props.icon} disabledFocusable>
          {props.label}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        setError(undefined);
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button icon={props.icon}>{props.label}</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent>
            <Text as="p">{props.children}</Text>
            {error ? <ProblemBar error={error} /> : null}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Keep as is</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              disabled={busy}
              onClick={() => {
                setBusy(true);
                props.onConfirm().then(
                  () => {
                    setBusy(false);
                    setOpen(false);
                  },
                  (err: unknown) => {
                    setBusy(false);
                    setError(err);
                  },
                );
              }}
            >
              {busy ? "Working…" : props.confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
