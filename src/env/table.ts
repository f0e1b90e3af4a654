/**
 * Apache's apr_table_t: an ordered multimap whose keys compare case-insensitively (ASCII).
 * `get` returns the FIRST entry of a key, `set` replaces every entry of the key with one (kept at
 * the position of the first), `add` appends another entry, `unset` removes them all.
 * mod_wsgi's %{ENV:} lookups and mod_rewrite's %{ENV:} rely on "first wins"; SetEnv appends
 * (mod_env overlays with add semantics), which is why an earlier [E=] value beats a later SetEnv
 * for group resolution while the WSGI environ (built by iterating, later entries win) shows the
 * SetEnv value (wsgi.md R30, conformance e_env#4).
 */
export class ApacheTable {
  private entries: Array<[string, string]> = [];

  static from(pairs: Iterable<[string, string]>): ApacheTable {
    const t = new ApacheTable();
    for (const [k, v] of pairs) t.add(k, v);
    return t;
  }

  private static same(a: string, b: string): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      let x = a.charCodeAt(i);
      let y = b.charCodeAt(i);
      if (x >= 0x41 && x <= 0x5a) x += 32;
      if (y >= 0x41 && y <= 0x5a) y += 32;
      if (x !== y) return false;
    }
    return true;
  }

  get(key: string): string | undefined {
    for (const [k, v] of this.entries) if (ApacheTable.same(k, key)) return v;
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Replace all entries of `key` by one entry, at the position of the first one and with its
   * spelling (apr_table_set keeps the element's key: a merged "X-a" and "X-A" stay "X-a",
   * measured: fuzz case fuzz_raw_http_s7_b9 #41, TRACE echoing the merged field).
   */
  set(key: string, value: string): void {
    const idx = this.entries.findIndex(([k]) => ApacheTable.same(k, key));
    if (idx < 0) {
      this.entries.push([key, value]);
      return;
    }
    this.entries[idx] = [this.entries[idx][0], value];
    this.entries = this.entries.filter(([k], i) => i === idx || !ApacheTable.same(k, key));
  }

  /** Append an entry, keeping earlier ones (apr_table_add / overlay). */
  add(key: string, value: string): void {
    this.entries.push([key, value]);
  }

  unset(key: string): void {
    this.entries = this.entries.filter(([k]) => !ApacheTable.same(k, key));
  }

  /** All entries in order, duplicates included. */
  pairs(): ReadonlyArray<readonly [string, string]> {
    return this.entries;
  }

  /**
   * All entries, for copying into an output verbatim (the WSGI environ's HTTP_* variables): the
   * same as `pairs`, but the decision memo can then substitute each request's own values.
   */
  echoPairs(): ReadonlyArray<readonly [string, string]> {
    return this.entries;
  }

  /** Values of every entry of `key`, in order. */
  getAll(key: string): string[] {
    return this.entries.filter(([k]) => ApacheTable.same(k, key)).map(([, v]) => v);
  }

  clone(): ApacheTable {
    const t = new ApacheTable();
    t.entries = this.entries.map(([k, v]) => [k, v]);
    return t;
  }

  get size(): number {
    return this.entries.length;
  }
}
