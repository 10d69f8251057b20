// oasdiff reports where a change is as a line and column of the file it read; the gate reports a JSON pointer.
// Both documents are written by the gate itself as pretty JSON, so jsonc-parser's tree maps one to the other.
import { findNodeAtOffset, getNodePath, parseTree } from "jsonc-parser";

const escapeSegment = (segment) => String(segment).replaceAll("~", "~0").replaceAll("/", "~1");
export const toPointer = (segments) => `#${segments.map((s) => `/${escapeSegment(s)}`).join("")}`;

export function pointerIndex(text) {
  const tree = parseTree(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  return {
    /** 1-based line and column, as oasdiff gives them. */
    at(line, column) {
      const start = lineStarts[line - 1];
      if (start === undefined || !tree) return undefined;
      let node = findNodeAtOffset(tree, start + Math.max(0, column - 1), true);
      if (!node) return undefined;
      // on a property's key, the pointer is the property's value
      if (node.parent?.type === "property" && node.parent.children?.[0] === node)
        node = node.parent.children[1] ?? node;
      else if (node.type === "property") node = node.children?.[1] ?? node;
      return toPointer(getNodePath(node));
    },
  };
}
