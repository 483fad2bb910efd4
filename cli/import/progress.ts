/**
 * Progress of the import: on a terminal, one cli-progress bar per collection; otherwise (CI logs, pipes) one
 * plain line when a collection starts and one when it is read.
 */
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import type { CollectionProgress } from "./types";

export interface Progress {
  collection(label: string): CollectionProgress & { done(found: number): void };
  /** A line of its own (kept above the bars on a terminal). */
  log(line: string): void;
  stop(): void;
}

export function plainProgress(write: (line: string) => void): Progress {
  return {
    collection(label) {
      write(`Reading ${label}…`);
      let total: number | undefined;
      return {
        total: (count) => (total = count),
        advance: () => {},
        done: (found) =>
          write(`Read ${label}: ${found}${total !== undefined && total !== found ? ` (Qlik counted ${total})` : ""}.`),
      };
    },
    log: write,
    stop: () => {},
  };
}

export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  const bars = new MultiBar(
    {
      stream,
      format: " {label} [{bar}] {value}/{total}",
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
    },
    Presets.shades_classic,
  );
  let drawing = false;
  return {
    collection(label) {
      drawing = true;
      const bar: SingleBar = bars.create(0, 0, { label: label.padEnd(16) });
      return {
        total: (count) => bar.setTotal(count),
        advance: (n) => bar.increment(n),
        done: (found) => {
          bar.setTotal(Math.max(found, bar.getTotal()));
          bar.update(found);
        },
      };
    },
    // The bars print logged lines on their next redraw; before the first bar there is none to wait for.
    log: (line) => (drawing ? bars.log(`${line}\n`) : stream.write(`${line}\n`)),
    stop: () => bars.stop(),
  };
}

/** A bar on a terminal, plain lines otherwise (both on stderr, leaving stdout to the summary). */
export function progressFor(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? terminalProgress(stream) : plainProgress((line) => stream.write(`${line}\n`));
}
