// Types of the generated validators (ajv standalone functions: they set `.errors` on failure).
import type { ErrorObject } from 'ajv';
type Validator = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };
export const validators: Record<'envelope-reply' | 'status-summary' | 'state-entry' | 'instance-record' | 'catalog-entry' | 'service-graph' | 'subgraph', Validator>;
