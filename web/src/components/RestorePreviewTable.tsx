// The restore preview diff per item: action, assignments to add / keep / remove, and unmapped groups or
// filters with the reason (missing in target, ambiguous, not in the explicit map...).
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from "@fluentui/react-components";

import { assignmentText } from "../domain/assignmentText.js";
import type { PreviewItem, RestorePreview, UnmappedAssignment } from "../domain/contracts.js";
import { humanize } from "../domain/format.js";
import { scrollRegion } from "./scrollRegion.js";

const useStyles = makeStyles({
  wrap: { overflowX: "auto" },
  add: { color: tokens.colorPaletteGreenForeground1 },
  remove: { color: tokens.colorPaletteRedForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

const reasonText: Record<UnmappedAssignment["reason"], string> = {
  missing_in_target: "no match in the target",
  ambiguous_in_target: "several matches in the target",
  not_in_explicit_map: "not in the explicit map",
  explicit_target_missing: "the mapped target does not exist",
  source_name_unknown: "its name in the source is unknown",
};

export function unmappedText(u: UnmappedAssignment): string {
  const ambiguous = u.candidates !== undefined ? ` (${u.candidates} candidates)` : "";
  return `${u.objectType} ${u.sourceDisplayName ?? u.sourceId}: ${reasonText[u.reason]}${ambiguous}`;
}

export function previewChangeCount(items: PreviewItem[]): number {
  return items.reduce((n, i) => n + i.toAdd.length + i.toRemove.length, 0);
}

export function RestorePreviewTable(props: {
  preview: RestorePreview;
  itemName: (backupItemId: string) => string;
  objectName: (id: string) => string;
}) {
  const styles = useStyles();
  const { preview, itemName, objectName } = props;
  return (
    <div className={styles.wrap} {...scrollRegion("Restore preview")}>
      <Table size="small" aria-label="Restore preview" data-testid="restore-preview">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Item</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
            <TableHeaderCell>Assignments</TableHeaderCell>
            <TableHeaderCell>Unmapped</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {preview.items.map((i) => (
            <TableRow key={i.backupItemId} data-action={i.action}>
              <TableCell>{itemName(i.backupItemId)}</TableCell>
              <TableCell>
                {humanize(i.action)}
                {i.reasonCode ? ` · ${i.reasonCode}` : ""}
                {i.message ? ` · ${i.message}` : ""}
              </TableCell>
              <TableCell>
                {i.toAdd.map((a, n) => (
                  <div key={`a${n}`} className={styles.add} data-change="add">
                    + {assignmentText(a, objectName)}
                  </div>
                ))}
                {i.toKeep.map((a, n) => (
                  <div key={`k${n}`} data-change="keep">
                    = {assignmentText(a, objectName)}
                  </div>
                ))}
                {i.toRemove.map((a, n) => (
                  <div key={`r${n}`} className={styles.remove} data-change="remove">
                    − {assignmentText(a, objectName)}
                  </div>
                ))}
                {i.toAdd.length + i.toKeep.length + i.toRemove.length === 0 ? "—" : null}
              </TableCell>
              <TableCell>
                {i.unmapped.map((u, n) => (
                  <div key={n} className={styles.warn} data-reason={u.reason}>
                    ! {unmappedText(u)}
                  </div>
                ))}
                {i.unmapped.length === 0 ? "—" : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
