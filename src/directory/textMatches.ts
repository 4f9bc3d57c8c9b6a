/**
 * Entries matching a query: the first `count` of `docs`, each with its text score in
 * `scores[entry]`. The arrays are the index's buffers, reused: read them before the next query.
 * Long-lived objects that hot code reads are class instances, not object literals: building a
 * new index made new literals of the same shape, and V8 then threw away the optimised search code
 * (field-type dependencies), so the first queries on each new index ran slow.
 */
export class TextMatches {
  count = 0;

  constructor(
    readonly docs: Int32Array,
    readonly scores: Float64Array,
  ) {}
}
