/**
 * Values as an SQL list, `('a', 'b')`, for queries that cannot take them as a parameter (partial
 * index predicates, ON CONFLICT targets, constant SQL fragments). Only for our own enum values,
 * never for input: nothing is escaped.
 */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((value) => `'${value}'`).join(', ')})`;
}
