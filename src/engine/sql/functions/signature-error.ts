import { TidemarkError } from '../../../errors/index.ts';
import { formatType, type SqlType } from '../types/sql-type.ts';

/** The error for a call whose argument types match no signature: it names the types that met and what the function takes. */
export function signatureMismatch(name: string, argTypes: readonly SqlType[], signatures: readonly string[]): TidemarkError {
  const given = argTypes.map(formatType).join(', ');
  return new TidemarkError('SQL_SEMANTIC', `${name}(${given}) does not exist: ${name} takes ${signatures.join(' or ')}.`, {
    details: { function: name, argumentTypes: argTypes.map(formatType), signatures: [...signatures] },
  });
}
