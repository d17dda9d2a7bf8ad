/** The shared database: DbClient, dialect-aware migrations, transactions and group-committing write queues. */
package dev.vigil.api.storage;
