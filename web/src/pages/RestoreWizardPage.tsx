// The restore wizard: backup set → target tenant → items → mapping strategy and missing-group policy →
// preview diff → execute, then on to the run.
import {
  Button,
  Card,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";

import { ProblemBar } from "../components/ProblemBar.js";
import { can, reasonMissing } from "../domain/capabilities.js";
import type {
  BackupItem,
  BackupSet,
  MappingStrategy,
  MissingGroupPolicy,
  RestorePreview,
} from "../domain/contracts.js";
import { formatDateTime, humanize } from "../domain/format.js";
import { useWorkspace } from "../hooks/session.js";
import { useTenants } from "../hooks/useTenants.js";
import { backupsService } from "../services/backupsService.js";
import { restoresService } from "../services/restoresService.js";

const steps = ["Backup set", "Target tenant", "Items", "Options", "Preview"] as const;

const useStyles = makeStyles({
  steps: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    listStyleType: "none",
    padding: 0,
    margin: `${tokens.spacingVerticalM} 0`,
  },
  step: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
  },
  stepCurrent: {
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    fontWeight: tokens.fontWeightSemibold,
  },
  card: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  nav: { display: "flex", gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalM },
  items: { maxHeight: "420px", overflowY: "auto", display: "flex", flexDirection: "column" },
  wrap: { overflowX: "auto" },
  add: { color: tokens.colorPaletteGreenForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

async function loadAllItems(ws: string, tenantId: string, setId: string): Promise<BackupItem[]> {
  const all: BackupItem[] = [];
  let token: string | null = null;
  do {
    const page = await backupsService.listItems(ws, tenantId, setId, token);
    all.push(...page.items);
    token = page.continuation;
  } while (token && all.length < 5_000);
  return all;
}

export function RestoreWizardPage() {
  const styles = useStyles();
  const ws = useWorkspace();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { tenants, nameOf } = useTenants(ws.workspaceId);
  const [step, setStep] = useState(0);
  const [sourceTenantId, setSourceTenantId] = useState(params.get("sourceTenantId") ?? "");
  const [sets, setSets] = useState<BackupSet[]>([]);
  const [backupSetId, setBackupSetId] = useState(params.get("backupSetId") ?? "");
  const [targetTenantId, setTargetTenantId] = useState("");
  const [items, setItems] = useState<BackupItem[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [mappingStrategy, setMappingStrategy] = useState<MappingStrategy>("by_name");
  const [missingGroupPolicy, setMissingGroupPolicy] = useState<MissingGroupPolicy>("skip");
  const [preview, setPreview] = useState<RestorePreview | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    if (!sourceTenantId && tenants[0]) setSourceTenantId(tenants[0].id);
  }, [tenants, sourceTenantId]);
  useEffect(() => {
    if (!sourceTenantId) return;
    backupsService.listSets(ws.workspaceId, sourceTenantId).then(
      (page) => {
        const done = page.items.filter((s) => s.status === "completed");
        setSets(done);
        setBackupSetId((cur) => (done.some((s) => s.id === cur) ? cur : (done[0]?.id ?? "")));
      },
      (err: unknown) => setError(err),
    );
  }, [ws.workspaceId, sourceTenantId]);
  useEffect(() => {
    if (!backupSetId || !sourceTenantId) return;
    loadAllItems(ws.workspaceId, sourceTenantId, backupSetId).then(
      (all) => {
        setItems(all);
        setChosen(new Set(all.map((i) => i.id)));
      },
      (err: unknown) => setError(err),
    );
  }, [ws.workspaceId, sourceTenantId, backupSetId]);

  if (!can(ws, "restores.create")) {
    return (
      <>
        <Title2 as="h1">Restore assignments</Title2>
        <MessageBar intent="info">
          <MessageBarBody>
            {reasonMissing("restores.create")} You can still browse backups under Tenants.
          </MessageBarBody>
        </MessageBar>
      </>
    );
  }

  const makePreview = (): void => {
    setBusy(true);
    setError(undefined);
    restoresService
      .create(ws.workspaceId, {
        backupSetId,
        targetTenantId,
        itemIds: [...chosen],
        mappingStrategy,
        missingGroupPolicy,
      })
      .then((rr) => restoresService.preview(ws.workspaceId, rr.id))
      .then(
        (p) => {
          setPreview(p);
          setStep(4);
          setBusy(false);
        },
        (err: unknown) => {
          setError(err);
          setBusy(false);
        },
      );
  };
  const execute = (): void => {
    if (!preview) return;
    setBusy(true);
    restoresService.execute(ws.workspaceId, preview.restoreRunId).then(
      (r) => void navigate(`/w/${encodeURIComponent(ws.workspaceId)}/runs/${encodeURIComponent(r.run.id)}`),
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };

  const canNext =
    [Boolean(backupSetId), Boolean(targetTenantId), chosen.size > 0, true, false][step] ?? false;
  const toggle = (id: string, on: boolean): void => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const previewChanges =
    preview?.items.reduce((n, i) => n + i.changes.filter((c) => c.change !== "keep").length, 0) ?? 0;

  return (
    <>
      <Title2 as="h1">Restore assignments</Title2>
      <ol className={styles.steps} aria-label="Restore steps">
        {steps.map((s, i) => (
          <li
            key={s}
            className={mergeClasses(styles.step, i === step && styles.stepCurrent)}
            aria-current={i === step ? "step" : undefined}
          >
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      <Card className={styles.card}>
        {step === 0 ? (
          <>
            <Title3 as="h2">Choose a backup set</Title3>
            <Field label="Source tenant">
              <Select value={sourceTenantId} onChange={(_, d) => setSourceTenantId(d.value)}>
                {tenants.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.displayName}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              label="Backup set"
              validationMessage={sets.length === 0 ? "No completed backup for this tenant yet." : undefined}
            >
              <Select value={backupSetId} onChange={(_, d) => setBackupSetId(d.value)}>
                {sets.map((s) => (
                  <option key={s.id} value={s.id}>
                    {formatDateTime(s.createdAt)} · {s.itemCount ?? "?"} items · {s.id}
                  </option>
                ))}
              </Select>
            </Field>
          </>
        ) : null}
        {step === 1 ? (
          <>
            <Title3 as="h2">Choose the target tenant</Title3>
            <Field
              label="Target tenant"
              hint="The same tenant restores in place; another tenant maps groups and filters."
            >
              <Select value={targetTenantId} onChange={(_, d) => setTargetTenantId(d.value)}>
                <option value="">Choose a tenant</option>
                {tenants.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.displayName}
                    {t.id === sourceTenantId ? " (same as source)" : ""}
                  </option>
                ))}
              </Select>
            </Field>
          </>
        ) : null}
        {step === 2 ? (
          <>
            <Title3 as="h2">
              Choose items ({chosen.size} of {items.length})
            </Title3>
            <Checkbox
              label="All items"
              checked={chosen.size === items.length ? true : chosen.size === 0 ? false : "mixed"}
              onChange={(_, d) => setChosen(d.checked === true ? new Set(items.map((i) => i.id)) : new Set())}
            />
            <div className={styles.items} role="group" aria-label="Items">
              {items.map((i) => (
                <Checkbox
                  key={i.id}
                  label={`${i.displayName} · ${humanize(i.policyType)} · ${i.assignmentCount ?? 0} assignments`}
                  checked={chosen.has(i.id)}
                  onChange={(_, d) => toggle(i.id, d.checked === true)}
                />
              ))}
            </div>
          </>
        ) : null}
        {step === 3 ? (
          <>
            <Title3 as="h2">Mapping and missing groups</Title3>
            <Field label="Mapping strategy">
              <RadioGroup
                value={mappingStrategy}
                onChange={(_, d) => setMappingStrategy(d.value as MappingStrategy)}
              >
                <Radio
                  value="by_name"
                  label="Match groups and filters by display name in the target tenant"
                />
                <Radio value="by_id" label="Keep object ids (only for a restore into the same tenant)" />
              </RadioGroup>
            </Field>
            <Field label="When a group has no match in the target">
              <RadioGroup
                value={missingGroupPolicy}
                onChange={(_, d) => setMissingGroupPolicy(d.value as MissingGroupPolicy)}
              >
                <Radio value="skip" label="Skip that assignment and restore the rest" />
                <Radio value="fail" label="Fail the item (nothing of it is written)" />
              </RadioGroup>
            </Field>
          </>
        ) : null}
        {step === 4 && preview ? (
          <>
            <Title3 as="h2">Preview</Title3>
            <Text>
              Restoring {preview.items.length} items from {nameOf(sourceTenantId)} into{" "}
              {nameOf(targetTenantId)}: {previewChanges} assignment changes. Nothing has been written yet.
            </Text>
            <div className={styles.wrap}>
              <Table size="small" aria-label="Restore preview" data-testid="restore-preview">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Item</TableHeaderCell>
                    <TableHeaderCell>Action</TableHeaderCell>
                    <TableHeaderCell>Assignments</TableHeaderCell>
                    <TableHeaderCell>Warnings</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {preview.items.map((i) => (
                    <TableRow key={i.backupItemId}>
                      <TableCell>{i.displayName}</TableCell>
                      <TableCell>{humanize(i.action)}</TableCell>
                      <TableCell>
                        {i.changes.map((c, n) => (
                          <div
                            key={n}
                            className={
                              c.change === "add"
                                ? styles.add
                                : c.change === "unmapped"
                                  ? styles.warn
                                  : undefined
                            }
                          >
                            {c.change === "add" ? "+ " : c.change === "unmapped" ? "! " : "= "}
                            {c.kind === "exclude" ? "exclude " : ""}
                            {c.target}
                            {c.mappedTo && c.mappedTo !== c.target ? ` → ${c.mappedTo}` : ""}
                            {c.filter ? ` (filter: ${c.filter})` : ""}
                          </div>
                        ))}
                      </TableCell>
                      <TableCell>{i.warnings.join(" ") || "—"}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </>
        ) : null}
        {error ? <ProblemBar error={error} /> : null}
        <div className={styles.nav}>
          <Button disabled={step === 0 || busy} onClick={() => setStep(step - 1)}>
            Back
          </Button>
          {step < 3 ? (
            <Button appearance="primary" disabled={!canNext} onClick={() => setStep(step + 1)}>
              Next
            </Button>
          ) : null}
          {step === 3 ? (
            <Button appearance="primary" disabled={busy} onClick={makePreview}>
              {busy ? "Preparing preview…" : "Preview changes"}
            </Button>
          ) : null}
          {step === 4 ? (
            can(ws, "restores.execute") ? (
              <Button appearance="primary" disabled={busy} onClick={execute}>
                {busy ? "Starting…" : `Execute restore of ${preview?.items.length ?? 0} items`}
              </Button>
            ) : (
              <Text>{reasonMissing("restores.execute")}</Text>
            )
          ) : null}
          {busy ? <Spinner size="tiny" /> : null}
        </div>
      </Card>
    </>
  );
}
