using System.Text.Json.Serialization;
using Wolverine.Http;
using Ledger.Transparency.Receipts;

namespace Ledger.Infrastructure.Http;

/// <summary>
/// 201 Created with a Location header; the body names what was created, the stream version after the write, and the receipt
/// of the appended event (its sequence in the transparency log).
/// </summary>
public sealed record Created(Guid Id, long Version, [property: JsonIgnore] string Location, Receipt Receipt) : IHttpAware
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(Created), ["application/json"]));

    public void Apply(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = Location;
    }
}
