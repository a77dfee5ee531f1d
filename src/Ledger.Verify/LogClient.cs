using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ledger.Verify;

public sealed record PublicKeyInfo(string Origin, string VerifierKey);

public sealed record ConsistencyProof(long From, long To, IReadOnlyList<string> Hashes);

public sealed record InclusionProof(long LeafIndex, long TreeSize, string LeafHash, IReadOnlyList<string> Hashes);

/// <summary>
/// One entry as the log serves it: <see cref="Entry"/> is the canonical text whose hash should be
/// <see cref="LeafHash"/>; null when the event is gone.
/// </summary>
/// <see cref="Withheld"/>: the log serves only the leaf (an observation not yet public); its text cannot be re-hashed.
public sealed record ServedEntry(long Index, long Sequence, string? Entry, string LeafHash, bool Withheld = false);

public sealed record ServedEntryPage(long Start, IReadOnlyList<ServedEntry> Items);

/// <summary>The ledger's transparency routes, read over plain HTTP. The HttpClient is given, so tests can hand in an in-process one.</summary>
public sealed class LogClient
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly HttpClient _http;

    public LogClient(HttpClient http)
    {
        _http = http;
        if (http.BaseAddress is null) throw new ArgumentException("The HttpClient needs the ledger's base address", nameof(http));
        if (!http.BaseAddress.AbsolutePath.EndsWith('/')) http.BaseAddress = new Uri(http.BaseAddress + "/");
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<PublicKeyInfo> GetPublicKeyAsync(CancellationToken ct) => GetJsonAsync<PublicKeyInfo>("api/ledger/public-key", ct);

    public async Task<string> GetCheckpointNoteAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/ledger/checkpoint");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await SendAsync(request, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>Hands the log a checkpoint cosigned by a witness its operator registered.</summary>
    public async Task PostCosignatureAsync(string cosignedNote, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ledger/cosignatures")
        {
            Content = JsonContent.Create(new { note = cosignedNote }, options: Json),
        };
        using var response = await SendAsync(request, ct);
    }

    public Task<ConsistencyProof> GetConsistencyProofAsync(long from, long to, CancellationToken ct) =>
        GetJsonAsync<ConsistencyProof>($"api/ledger/proofs/consistency?from={from}&to={to}", ct);

    public Task<InclusionProof> GetInclusionProofAsync(string by, long value, long treeSize, CancellationToken ct) =>
        GetJsonAsync<InclusionProof>($"api/ledger/proofs/inclusion?{by}={value}&treeSize={treeSize}", ct);

    public Task<ServedEntry> GetEntryAsync(long index, CancellationToken ct) => GetJsonAsync<ServedEntry>($"api/ledger/entries/{index}", ct);

    public Task<ServedEntryPage> GetEntriesAsync(long start, int count, CancellationToken ct) =>
        GetJsonAsync<ServedEntryPage>($"api/ledger/entries?start={start}&count={count}", ct);

    async Task<T> GetJsonAsync<T>(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await SendAsync(request, ct);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new LogUnavailableException($"{path} answered an empty body");
        }
        catch (JsonException e)
        {
            throw new LogUnavailableException($"{path} answered something that is not the expected JSON: {e.Message}");
        }
    }

    async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try { response = await _http.SendAsync(request, ct); }
        catch (HttpRequestException e) { throw new LogUnavailableException($"cannot reach {new Uri(BaseAddress, request.RequestUri!)}: {e.Message}"); }
        if (response.IsSuccessStatusCode) return response;
        var body = await response.Content.ReadAsStringAsync(ct);
        response.Dispose();
        throw new LogUnavailableException($"{request.RequestUri} answered {(int)response.StatusCode} {response.StatusCode}: {Detail(body)}",
            response.StatusCode);
    }

    static string Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("detail", out var detail)) return detail.GetString() ?? body;
        }
        catch (JsonException) { /* not a problem document: show it as it came */ }
        return body.Length > 300 ? body[..300] : body;
    }
}

/// <summary>The log could not be asked (network, HTTP error, malformed answer): nothing was proved either way.</summary>
public sealed class LogUnavailableException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}
