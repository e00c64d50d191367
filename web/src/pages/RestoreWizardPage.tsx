// The restore wizard: backup set → target tenant → items → group and filter mapping (strategy + explicit
// map), missing-target policy, dry run → preview diff → execute, then on to the run. Sends the API's
// restore request (shared/restore/restoreRequest.ts) as is.
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
  Switch,
  Spinner,
  Text,
  Title2,
  Title3,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";

import { MappingEditor, type MappedObject } from "../components/MappingEditor.js";
import { ProblemBar } from "../components/ProblemBar.js";
import { previewChangeCount, RestorePreviewTable } from "../components/RestorePreviewTable.js";
import { can, reasonMissing } from "../domain/capabilities.js";
import type {
  BackupItem,
  BackupSet,
  MissingTargetPolicy,
  ObjectMapping,
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
});

/** Distinct groups or filters the chosen items refer to, by name. */
function referenced(items: BackupItem[], chosen: Set<string>, kind: "groups" | "filters"): MappedObject[] {
  const byId = new Map<string, MappedObject>();
  for (const i of items) if (chosen.has(i.id)) for (const r of i.references[kind]) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => (a.displayName ?? a.id).localeCompare(b.displayName ?? b.id));
}

async function loadAllItems(ws: string, setId: string): Promise<BackupItem[]> {
  const all: BackupItem[] = [];
  let token: string | null = null;
  do {
    const page = await backupsService.listItems(ws, setId, token);
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
  const [groupMapping, setGroupMapping] = useState<ObjectMapping>({ strategy: "displayName", map: {} });
  const [filterMapping, setFilterMapping] = useState<ObjectMapping>({ strategy: "displayName", map: {} });
  const [missingTargetPolicy, setMissingTargetPolicy] = useState<MissingTargetPolicy>("skip");
  const [dryRun, setDryRun] = useState(false);
  const [preview, setPreview] = useState<RestorePreview | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    if (!sourceTenantId && tenants[0]) setSourceTenantId(tenants[0].id);
  }, [tenants, sourceTenantId]);
  useEffect(() => {
    if (!sourceTenantId) return;
    backupsService.listSets(ws.workspaceId, sourceTenantId).then(
      (all) => {
        const done = all.filter((s) => s.status === "completed");
        setSets(done);
        setBackupSetId((cur) => (done.some((s) => s.id === cur) ? cur : (done[0]?.id ?? "")));
      },
      (err: unknown) => setError(err),
    );
  }, [ws.workspaceId, sourceTenantId]);
  useEffect(() => {
    if (!backupSetId) return;
    loadAllItems(ws.workspaceId, backupSetId).then(
      (all) => {
        setItems(all);
        setChosen(new Set(all.map((i) => i.id)));
      },
      (err: unknown) => setError(err),
    );
  }, [ws.workspaceId, backupSetId]);
  const groups = useMemo(() => referenced(items, chosen, "groups"), [items, chosen]);
  const filters = useMemo(() => referenced(items, chosen, "filters"), [items, chosen]);

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
        selectedItemIds: chosen.size === items.length ? null : [...chosen],
        groupMapping,
        filterMapping,
        missingTargetPolicy,
        dryRun,
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
  const explicitIncomplete = [groupMapping, filterMapping].some(
    (m) => m.strategy === "explicit" && Object.keys(m.map).length === 0,
  );
  const itemName = (id: string): string => items.find((i) => i.id === id)?.displayName ?? id;
  const objectNames = new Map([...groups, ...filters].map((o) => [o.id, o.displayName ?? o.id]));
  const objectName = (id: string): string => objectNames.get(id) ?? id;
  const toggle = (id: string, on: boolean): void => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };

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
                    {formatDateTime(s.createdAt)} · {s.summaryCounts.total} items · {s.id}
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
                  label={`${i.displayName} · ${humanize(i.policyType)} · ${i.assignments?.length ?? 0} assignments`}
                  checked={chosen.has(i.id)}
                  onChange={(_, d) => toggle(i.id, d.checked === true)}
                />
              ))}
            </div>
          </>
        ) : null}
        {step === 3 ? (
          <>
            <Title3 as="h2">Mapping, missing targets and dry run</Title3>
            <MappingEditor noun="group" objects={groups} value={groupMapping} onChange={setGroupMapping} />
            <MappingEditor
              noun="filter"
              objects={filters}
              value={filterMapping}
              onChange={setFilterMapping}
            />
            <Field label="When a group or filter has no match in the target">
              <RadioGroup
                value={missingTargetPolicy}
                onChange={(_, d) => setMissingTargetPolicy(d.value as MissingTargetPolicy)}
              >
                <Radio value="skip" label="Skip that assignment and restore the rest" />
                <Radio value="fail" label="Fail the item (nothing of it is written)" />
              </RadioGroup>
            </Field>
            <Switch
              checked={dryRun}
              onChange={(_, d) => setDryRun(d.checked)}
              label="Dry run: compute every item's result, write nothing to the target"
            />
          </>
        ) : null}
        {step === 4 && preview ? (
          <>
            <Title3 as="h2">Preview</Title3>
            <Text>
              Restoring {preview.items.length} items from {nameOf(sourceTenantId)} into{" "}
              {nameOf(targetTenantId)}: {previewChangeCount(preview.items)} assignment changes,{" "}
              {preview.items.reduce((n, i) => n + i.unmapped.length, 0)} unmapped
              {dryRun ? " (dry run: executing writes nothing)" : ""}. Nothing has been written yet.
            </Text>
            <RestorePreviewTable preview={preview} itemName={itemName} objectName={objectName} />
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
            <Button appearance="primary" disabled={busy || explicitIncomplete} onClick={makePreview}>
              {busy ? "Preparing preview…" : "Preview changes"}
            </Button>
          ) : null}
          {step === 4 ? (
            can(ws, "restores.execute") ? (
              <Button appearance="primary" disabled={busy} onClick={execute}>
                {busy
                  ? "Starting…"
                  : `Execute restore of ${preview?.items.length ?? 0} items${dryRun ? " (dry run)" : ""}`}
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
