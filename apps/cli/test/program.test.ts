import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../src/cli.js";
import { createSession } from "../src/runtime/session.js";
import { VENDORS } from "../src/vendors.js";

/** Every command below `cmd`, by its path of names. */
function walk(cmd: Command, path: string[] = []): [string, Command][] {
  return cmd.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return [[here.join(" "), sub] as [string, Command], ...walk(sub, here)];
  });
}

describe("a run naming a vendor builds only that vendor's commands", () => {
  for (const vendor of VENDORS) {
    it(`${vendor.name}: the same commands, options and help as in the whole tree`, () => {
      const whole = new Map(walk(buildProgram(createSession())));
      const only = buildProgram(createSession(), vendor.name);
      expect(only.commands.map((c) => c.name())).toEqual([vendor.name]);
      expect(only.helpInformation()).not.toBe(""); // the program's own options stay (global options in help)
      const mine = walk(only);
      expect(mine.length).toBeGreaterThan(3);
      for (const [path, cmd] of mine) {
        const same = whole.get(path);
        expect(same, path).toBeDefined();
        expect(cmd.helpInformation(), path).toBe(same?.helpInformation());
      }
      expect(mine.map(([p]) => p)).toEqual([...whole.keys()].filter((p) => p.split(" ")[0] === vendor.name));
    });
  }
});

describe("a run naming a vendor and one of its groups builds only that group's commands", () => {
  for (const vendor of VENDORS) {
    for (const group of vendor.groups) {
      it(`${vendor.name} ${group.name}: the same commands, options and help as in the whole tree`, () => {
        const whole = new Map(walk(buildProgram(createSession())));
        const mine = walk(buildProgram(createSession(), vendor.name, group.name));
        const prefix = `${vendor.name} ${group.name}`;
        expect(mine.map(([p]) => p)).toEqual([
          vendor.name,
          ...[...whole.keys()].filter((p) => p === prefix || p.startsWith(`${prefix} `)),
        ]);
        for (const [path, cmd] of mine.slice(1))
          expect(cmd.helpInformation(), path).toBe(whole.get(path)?.helpInformation());
      });
    }
  }
});
