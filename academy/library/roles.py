"""Who does what in the e-library (IS-12)."""

from academy.accounts.roles import Role

# Cataloguing, the reader card index and lending.
LIBRARY_STAFF = frozenset({Role.LIBRARIAN})
# Users who may hold a reader card (IS-12 reader card index; TR-8: listeners use the library).
READER_ROLES = frozenset({Role.READER, Role.LISTENER})
# IS-12 administration (settings, statistics): the librarian or the system administrator.
LIBRARY_ADMINS = frozenset({Role.LIBRARIAN, Role.ADMINISTRATOR})
