interface RouteLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** The routes Express knows, to tell "no such path" (404) from "not with this method" (405). */
export class RouteIndex {
  private constructor(private readonly routes: { pattern: RegExp; methods: string[] }[]) {}

  static of(expressApp: unknown): RouteIndex {
    const stack = ((expressApp as { router?: { stack?: RouteLayer[] } } | undefined)?.router?.stack ??
      []) as RouteLayer[];
    const routes = stack
      .filter((l): l is Required<RouteLayer> => !!l.route && typeof l.route.path === 'string')
      .map((l) => ({
        pattern: compile(l.route.path as string),
        methods: Object.keys(l.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => m.toUpperCase()),
      }));
    return new RouteIndex(routes);
  }

  allowedMethods(path: string): string[] {
    const methods = new Set<string>();
    for (const r of this.routes) if (r.pattern.test(path)) r.methods.forEach((m) => methods.add(m));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}

function compile(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}
