/** What a route's id parameter names: `mailingId` → "mailing". */
function thingOf(param: string): string {
  return param.slice(0, -'Id'.length);
}

const ID = /^[1-9]\d*$/;

/** The thing whose id in the address is not an id at all (`/mailings/abc`), outermost first; undefined when all are ids. */
export function malformedIdThing(params: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Id') && value !== undefined && !ID.test(value)) return thingOf(name);
  }
  return undefined;
}

/** The innermost thing the address names by id (`/databases/1/selections/2` → "selection"), for a "No such …" page. */
export function addressedThing(params: Readonly<Record<string, string | undefined>>): string | undefined {
  const names = Object.keys(params).filter((name) => name.endsWith('Id') && params[name] !== undefined);
  const last = names.at(-1);
  return last ? thingOf(last) : undefined;
}
