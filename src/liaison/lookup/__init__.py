"""Private hit/no-hit lookups between agencies (issue #3, section 4; docs/private-lookup.md).

An agency asks a partner "do you hold any of these values?" through a Diffie-Hellman OPRF
(`oprf`): the partner sees blinded points only, the asker learns which of its values the
partner holds and how many values it holds. `index` keeps each agency's tokens in step with
its observables (importing it registers the flush listeners), `service` is the partner's side,
`client` the asker's.
"""

from liaison.lookup import index as index
