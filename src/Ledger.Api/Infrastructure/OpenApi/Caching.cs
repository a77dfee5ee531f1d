using Microsoft.OpenApi;

namespace Ledger.Infrastructure.OpenApi;

/// <summary>How every GET is revalidated (see <see cref="Http.EntityTags"/>), as the document declares it.</summary>
static class Caching
{
    public static void IfNoneMatch(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-None-Match",
            In = ParameterLocation.Header,
            Description = "The ETag of the answer the client holds: 304 with no body when it is still the answer.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = "W/\"8khvmXOXdHzY93i_Mq_ROxq4\"",
        });
    }

    public static void Declare(OpenApiResponses responses)
    {
        if (responses.TryGetValue("200", out var ok) && ok is OpenApiResponse found)
        {
            found.Headers ??= new Dictionary<string, IOpenApiHeader>();
            found.Headers["ETag"] = ETag();
        }
        responses["304"] = new OpenApiResponse
        {
            Description = "Not modified: the answer is still the one the If-None-Match ETag names.",
            Headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = ETag() },
        };
    }

    static OpenApiHeader ETag() => new()
    {
        Description = "A weak tag of this answer for this caller; send it back in If-None-Match to revalidate.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
