package floor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The smallest application the floor measures: JAX-RS at /api, one resource, one readiness check. */
@ApplicationPath("/api")
public class FloorApplication extends Application {
}
