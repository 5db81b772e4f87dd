// define-record-type's run time: the expander makes the record type and its procedures while it expands the form.

import { wrongType } from "../errors.js";
import { named } from "../names.js";
import { Record, RecordType, VOID, type Procedure, type Sym, type Value } from "../values.js";
import { arityError } from "../runtime/registry.js";

function checkArity(name: string, min: number, max: number, given: number): void {
  if (given < min || given > max) arityError(name, min, max, given);
}

export function makeRecordType(name: string, fields: readonly Sym[]): RecordType {
  return new RecordType(name, fields);
}

export function recordConstructor(type: RecordType, name: string, fieldIndexes: readonly number[]): Procedure {
  const n = fieldIndexes.length;
  return named(name, function (...args: Value[]): Value {
    checkArity(name, n, n, args.length);
    const fields: Value[] = type.fields.map(() => false);
    for (let i = 0; i < n; i++) fields[fieldIndexes[i]!] = args[i]!;
    return new Record(type, fields);
  });
}

export function recordPredicate(type: RecordType, name: string): Procedure {
  return named(name, function (v: Value): Value {
    checkArity(name, 1, 1, arguments.length);
    return v instanceof Record && v.type === type;
  });
}

export function recordAccessor(type: RecordType, name: string, index: number): Procedure {
  return named(name, function (r: Value): Value {
    checkArity(name, 1, 1, arguments.length);
    if (!(r instanceof Record) || r.type !== type) wrongType(name, `a ${type.name} record`, r, 1);
    return r.fields[index]!;
  });
}

export function recordModifier(type: RecordType, name: string, index: number): Procedure {
  return named(name, function (r: Value, v: Value): Value {
    checkArity(name, 2, 2, arguments.length);
    if (!(r instanceof Record) || r.type !== type) wrongType(name, `a ${type.name} record`, r, 1);
    r.fields[index] = v;
    return VOID;
  });
}
