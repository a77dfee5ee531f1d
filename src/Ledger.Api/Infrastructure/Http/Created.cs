using System.Text.Json.Serialization;
using Wolverine.Http;

namespace Ledger.Infrastructure.Http;

/// <summary>201 Created with a Location header; the body names what was created and the stream version after the write.</summary>
public sealed record Created(Guid Id, long Version, [property: JsonIgnore] string Location) : IHttpAware
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(Created), ["application/json"]));

    public void Apply(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = Location;
    }
}
