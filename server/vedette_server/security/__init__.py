"""Server-side security: password hashing and policy, TLS material, secrets at rest."""
