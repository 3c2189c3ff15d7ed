/**
 * COOL market protocol v1 (docs/protocol.md): the envelope, one record per message body, topics, and a codec that
 * checks the size limit before parsing, validates against the message type's JSON Schema (draft 2020-12) and rejects
 * with the JSON pointer and the rule that failed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.thermalcommons.edge.market.protocol;
