// A field's error, announced when it appears; nothing when there is none.
export function FieldError({ error }: { error: string | null }) {
  return error ? (
    <div className="f8-field-error" role="alert">
      {error}
    </div>
  ) : null;
}
