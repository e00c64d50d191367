// How source groups (or filters) become target ones: strategy id / displayName / explicit, plus an explicit
// map (source id → target id) that always wins. Lists the objects the chosen items refer to.
import {
  Field,
  Input,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";

import type { MappingStrategy, ObjectMapping } from "../domain/contracts.js";
import { scrollRegion } from "./scrollRegion.js";

const useStyles = makeStyles({
  wrap: { overflowX: "auto", maxHeight: "260px", overflowY: "auto" },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export interface MappedObject {
  id: string;
  displayName: string | null;
}

export function MappingEditor(props: {
  /** "group" or "filter", used in labels. */
  noun: string;
  objects: MappedObject[];
  value: ObjectMapping;
  onChange: (next: ObjectMapping) => void;
}) {
  const styles = useStyles();
  const { noun, objects, value, onChange } = props;
  const setEntry = (sourceId: string, targetId: string): void => {
    const map = { ...value.map };
    if (targetId.trim() === "") delete map[sourceId];
    else map[sourceId] = targetId.trim();
    onChange({ ...value, map });
  };
  const explicitEmpty = value.strategy === "explicit" && Object.keys(value.map).length === 0;
  return (
    <>
      <Field label={`${noun[0]?.toUpperCase() ?? ""}${noun.slice(1)} mapping strategy`}>
        <RadioGroup
          value={value.strategy}
          onChange={(_, d) => onChange({ ...value, strategy: d.value as MappingStrategy })}
        >
          <Radio value="displayName" label={`Match ${noun}s by display name in the target tenant`} />
          <Radio value="id" label={`Keep ${noun} ids (a restore into the same tenant)`} />
          <Radio value="explicit" label={`Only the ${noun}s I map below`} />
        </RadioGroup>
      </Field>
      {objects.length === 0 ? (
        <Text>The chosen items refer to no {noun}.</Text>
      ) : (
        <Field
          label={`Explicit ${noun} map (an entry always wins over the strategy)`}
          validationMessage={
            explicitEmpty ? `Map at least one ${noun} for the explicit strategy.` : undefined
          }
        >
          <div className={styles.wrap} {...scrollRegion(`Explicit ${noun} map`)}>
            <Table size="small" aria-label={`Explicit ${noun} map`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Source {noun}</TableHeaderCell>
                  <TableHeaderCell>Target {noun} id</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {objects.map((o) => (
                  <TableRow key={o.id}>
                    <TableCell>
                      {o.displayName ?? "(name unknown)"} <span className={styles.mono}>{o.id}</span>
                    </TableCell>
                    <TableCell>
                      <Input
                        aria-label={`Target ${noun} id for ${o.displayName ?? o.id}`}
                        value={value.map[o.id] ?? ""}
                        placeholder="strategy decides"
                        onChange={(_, d) => setEntry(o.id, d.value)}
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </Field>
      )}
    </>
  );
}
