/**
 * What the audit trail shows instead of a deleted person's name or e-mail (the trail keeps the fact
 * and an opaque id, not the person). The admin pages show it in the reader's language.
 */
export const DELETED_LABEL = '(deleted account)';

/** The reason stored when a certificate's holder revokes it while deleting their account. */
export const HOLDER_REVOKE_REASON = 'deleted by holder';
