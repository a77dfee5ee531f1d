using Scalar.AspNetCore;

namespace Ledger.Infrastructure.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and its reference page at <c>/scalar</c>.</summary>
public static class LedgerOpenApi
{
    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services) => services.AddOpenApi(openApi =>
    {
        openApi.AddSchemaTransformer(WireSchemas.Apply);
        openApi.AddOperationTransformer(OperationContract.Apply);
        openApi.AddDocumentTransformer(DocumentContract.Apply);
    });

    /// <summary>
    /// The reference page makes no third-party request: its script is served from here, and the fonts from Scalar's CDN,
    /// its telemetry, AI agent, MCP and hosted client are turned off — and its Content Security Policy forbids any
    /// other origin, should a later version of the script try one.
    /// </summary>
    public static void MapLedgerOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(scalar => scalar
                .WithTitle("Ledger API reference")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideClientButton()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(OperationContract.BearerScheme))
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.ContentSecurityPolicy = ReferenceContentSecurityPolicy;
                return await next(context);
            });
    }

    /// <summary>Scalar's page runs one inline module and sets inline styles; all else must come from this origin.</summary>
    public const string ReferenceContentSecurityPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
        + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        + "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
}
