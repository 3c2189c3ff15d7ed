package org.thermalcommons.edge.deploy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Deployment manager",
        description = "Installs signed bundles from deploy/, updates them in place and rolls back an update that fails. See docs/deploy.md.")
@interface DeploymentConfig {
    @AttributeDefinition(description = "How often deploy/ is looked at, in ms; a jar is taken once it is unchanged over two looks",
            min = "50", max = "60000")
    long pollMillis() default 500;

    @AttributeDefinition(description = "How long a new version may take to become healthy before it is rolled back, in seconds",
            min = "1", max = "600")
    int healthTimeoutSeconds() default 30;

    @AttributeDefinition(description = "How long a new version must stay healthy before it counts as healthy, in ms",
            min = "0", max = "60000")
    long healthSettleMillis() default 1000;

    @AttributeDefinition(description = "Largest jar accepted, in bytes (checked before reading)", min = "1024", max = "536870912")
    long maxBundleBytes() default 32 * 1024 * 1024;

    @AttributeDefinition(description = "Directory of trusted certificates (*.pem, *.crt, *.cer); empty: trust/ in the configuration directory",
            required = false)
    String trustDirectory() default "";

    @AttributeDefinition(description = "Start level of deployed bundles", min = "1", max = "100")
    int startLevel() default 3;
}
