using Microsoft.AspNetCore.Http.Features;

namespace Ledger.Infrastructure.Http;

/// <summary>
/// Bodies over 1 MiB (an import's, 16 MiB) get 413 before anything reads them. Kestrel enforces the same limit; this also covers
/// chunked bodies and hosts without Kestrel (the test server).
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 1024 * 1024;

    /// <summary>The limit of a request's body: <see cref="MaxBytes"/>, but for an import's lines.</summary>
    public static long MaxBytesFor(HttpRequest request) =>
        request.Path.Equals(Importing.ImportEndpoint.Route, StringComparison.OrdinalIgnoreCase)
            ? Importing.ImportEndpoint.MaxBodyBytes : MaxBytes;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var maxBytes = MaxBytesFor(http.Request);
        if (http.Request.ContentLength > maxBytes)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large",
                detail: $"Bodies may be at most {maxBytes} bytes; this one declares {http.Request.ContentLength}.").ExecuteAsync(http);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = maxBytes;
        http.Request.Body = new LimitedStream(http.Request.Body, maxBytes);
        await next(http);
    });

    sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        long _read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        int Count(int n)
        {
            _read += n;
            if (_read > limit)
                throw new BadHttpRequestException($"The request body exceeds {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
