// "Delete" asks again in the page (not window.confirm, which blocks and hides from assistive tech).
import { useState } from 'react';
import { ActionButton } from '../components/ui';

/** A "Delete" button that shows "Yes, delete" and "Cancel" before calling `onDelete`. */
export function DeleteButton(props: {
  what: string;
  onDelete: () => Promise<unknown>;
  onError: (err: Error) => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Delete ${props.what}?`}>
      <span>Delete {props.what}?</span>
      <ActionButton kind="danger" onClick={props.onDelete} onError={props.onError}>
        Yes, delete
      </ActionButton>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
