// Props for a wrapper that scrolls a wide table sideways on a narrow screen: a named region that takes
// keyboard focus, so keyboard users can scroll it too (axe `scrollable-region-focusable`).
export function scrollRegion(name: string): { role: "region"; "aria-label": string; tabIndex: 0 } {
  return { role: "region", "aria-label": `${name} (scrolls sideways)`, tabIndex: 0 };
}
