package dev.backtest.server.api.v1;

import dev.backtest.sdk.user.UserView;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/users}: the current user with counts of their strategies and backtests. Like every
 * protected operation, its 401 and 429 answers are added to the contract by {@code ContractFilter}.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UsersResource extends UserResource {

    @GET
    @Operation(operationId = "getCurrentUser", summary = "The current user with counts of strategies and backtests")
    @APIResponse(responseCode = "200", description = "The current user", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.USER)))
    public UserView me() {
        return client.users().get(user());
    }
}
