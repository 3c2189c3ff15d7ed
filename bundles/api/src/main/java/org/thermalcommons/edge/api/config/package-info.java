/**
 * The site configuration as the console edits it: the configurable components (PIDs and factory PIDs) with their
 * metatype, each {@code etc/*.cfg} configuration with its current values (secrets only as set or unset), validation
 * with the loader's own rules, and saving, creating, deleting and rolling back configuration files. Files in
 * {@code etc/} stay the source of truth: a save writes the file, and the configuration loader applies it exactly as
 * it applies a hand edit. See {@code docs/console.md} (Configuration).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.thermalcommons.edge.api.config;
