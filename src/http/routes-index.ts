/**
 * Remembers every route's URL pattern and methods, so an existing path asked with the wrong
 * method gets 405 with `Allow` instead of 404 (Fastify only knows "no route").
 */
export function createRouteIndex() {
  const patterns = new Map<string, { regex: RegExp; methods: Set<string> }>();
  return {
    add({ url, methods }: { url: string; methods: string[] }): void {
      let entry = patterns.get(url);
      if (!entry) {
        const source = url
          .split('/')
          .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/');
        entry = { regex: new RegExp(`^${source}/?$`), methods: new Set() };
        patterns.set(url, entry);
      }
      for (const m of methods) entry.methods.add(m);
    },
    allowedMethods({ path }: { path: string }): string[] {
      const allowed = new Set<string>();
      for (const { regex, methods } of patterns.values()) if (regex.test(path)) for (const m of methods) allowed.add(m);
      return [...allowed].sort();
    },
  };
}
