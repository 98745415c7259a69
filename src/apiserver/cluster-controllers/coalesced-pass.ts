// The run loop of the in-server cluster controllers: every store event that needs work asks for a pass, and all
// the requests made before the pass starts share it, so a burst of events (a namespace with thousands of objects
// being emptied) costs one pass per tick rather than one per event.

export interface CoalescedPass {
  /** Asks for a pass on the next tick; a no-op while one is already pending or after `stop()`. */
  schedule(): void;
  /** No pass runs after this, including one already scheduled. */
  stop(): void;
}

/**
 * Runs `pass` on the next tick after `schedule()`. A request made during a pass (its own writes fire store events)
 * gets another pass. A pass that throws is logged under `name` and does not stop later passes.
 */
export function coalescedPass(name: string, pass: () => void): CoalescedPass {
  let scheduled = false;
  let stopped = false;
  return {
    schedule(): void {
      if (scheduled || stopped) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        if (stopped) return;
        // A failing pass must not take the server down; the next change retries it.
        try {
          pass();
        } catch (e) {
          console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    },
    stop(): void {
      stopped = true;
    },
  };
}
