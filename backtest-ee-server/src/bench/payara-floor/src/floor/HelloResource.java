package floor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** A constant answer: what Payara's request path costs with no application work behind it. */
@Path("hello")
@ApplicationScoped
public class HelloResource {

    @GET
    @Produces("application/json")
    public String hello() {
        return "{\"hello\":\"world\"}";
    }
}
