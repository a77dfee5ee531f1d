using Microsoft.AspNetCore.Mvc;
using Ledger.Infrastructure.OpenApi;
using Wolverine.Http;

namespace Ledger.OpenData.Ocds;

/// <summary>
/// The Ledger OCDS extension, served by the ledger itself: its metadata (named in every package's <c>extensions</c>) and
/// its patch to the release schema. Both are files in <c>Extension/</c>, served as written.
/// </summary>
public static class GetExtensionEndpoint
{
    static readonly string Metadata = Resource("extension.json"), ReleaseSchemaPatch = Resource("release-schema.json");

    [Tags(Capability.OpenData), EndpointSummary("Get the Ledger OCDS extension's metadata")]
    [ProducesResponseType<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK)]
    [WolverineGet(OcdsPublication.ExtensionRoute, OperationId = "getOcdsExtension")]
    public static IResult GetMetadata() => Results.Text(Metadata, "application/json");

    /// <summary>The extension's additions to the OCDS release schema, as a JSON Merge Patch.</summary>
    [Tags(Capability.OpenData), EndpointSummary("Get the Ledger OCDS extension's release schema patch")]
    [ProducesResponseType<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK)]
    [WolverineGet("/api/ocds/release-schema.json", OperationId = "getOcdsExtensionReleaseSchema")]
    public static IResult GetReleaseSchema() => Results.Text(ReleaseSchemaPatch, "application/json");

    static string Resource(string file)
    {
        using var stream = typeof(GetExtensionEndpoint).Assembly
            .GetManifestResourceStream($"Ledger.OpenData.Ocds.Extension.{file}")
            ?? throw new InvalidOperationException($"The OCDS extension's {file} is not embedded.");
        return new StreamReader(stream).ReadToEnd();
    }
}
