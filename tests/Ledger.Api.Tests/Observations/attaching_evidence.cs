using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Observations;

/// <summary>A photo uploaded as evidence: public only without its metadata, and only once its observation is accepted.</summary>
[Collection(ObservationsCollection.Name)]
public sealed class attaching_evidence(LedgerApi api)
{
    // A JPEG as a phone writes one: an EXIF segment with the position, then the image data.
    static byte[] Photo(string tag)
    {
        var exif = Encoding.ASCII.GetBytes($"Exif\0\0GPS {tag} -10.71");
        return
        [
            0xFF, 0xD8, 0xFF, 0xE1, .. BitConverter.GetBytes((ushort)(exif.Length + 2)).Reverse(), .. exif,
            0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02, 0x7A, 0x7B, 0xFF, 0xD9,
        ];
    }

    static Task<HttpResponseMessage> Upload(HttpClient client, byte[] file, string name = "photo.jpg")
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg"); // what the client says; the bytes decide
        content.Add(part, "file", name);
        return client.PostAsync("/api/evidence", content);
    }

    [Fact]
    public async Task an_uploaded_photo_is_public_only_stripped_and_accepted_and_erasure_removes_it()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var photo = Photo(tag);
        var sha = Convert.ToHexStringLower(SHA256.HashData(photo));
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var (observer, ownCurator) = await api.OneOrganization();
        var otherCurator = await api.ClientWithRole("curator");

        var stored = await Upload(observer, photo).Expect(HttpStatusCode.Created);
        Assert.Equal((sha, "image/jpeg", (long)photo.Length),
            (stored.GetProperty("sha256").GetString(), stored.GetProperty("mediaType").GetString(), stored.GetProperty("size").GetInt64()));
        await Upload(observer, photo).Expect(HttpStatusCode.Created); // the same file again: the same evidence
        var id = await api.SubmitObservation(observer, commitmentId, new
        {
            observedOn = "2024-03-01", finding = new { assessment = "delivered", amount = 10 }, narrative = "Photo attached.",
            language = "en", evidence = new[] { new { sha256 = sha, mediaType = "image/jpeg", title = "Bridge" } },
        });

        await api.Anonymous().GetAsync($"/api/evidence/{sha}").ExpectProblem(HttpStatusCode.NotFound); // pending
        var own = await observer.GetByteArrayAsync($"/api/evidence/{sha}");
        Assert.DoesNotContain(tag, Encoding.Latin1.GetString(own));
        await (await api.CuratorOf(dealId)).Post($"/api/observations/{id}/moderation", new { decision = "accepted" })
            .Expect(HttpStatusCode.OK);
        using var served = await api.Anonymous().GetAsync($"/api/evidence/{sha}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        var publicCopy = await served.Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain(tag, Encoding.Latin1.GetString(publicCopy));
        Assert.EndsWith("\u007A\u007B\u00FF\u00D9", Encoding.Latin1.GetString(publicCopy)); // the image itself is kept
        Assert.Equal(photo, await ownCurator.GetByteArrayAsync($"/api/evidence/{sha}/original"));
        await otherCurator.GetAsync($"/api/evidence/{sha}/original").ExpectProblem(HttpStatusCode.NotFound);
        await api.Anonymous().GetAsync($"/api/evidence/{sha}/original").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Empty(await api.TablesHoldingAsync($"GPS {tag}")); // the original is stored only sealed

        await ownCurator.Post($"/api/observations/{id}/erasure", new { reason = "At the observer's request" }).Expect(HttpStatusCode.OK);
        await api.Anonymous().GetAsync($"/api/evidence/{sha}").ExpectProblem(HttpStatusCode.NotFound);
        await ownCurator.GetAsync($"/api/evidence/{sha}/original").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM mt_doc_evidencefile WHERE id = @id", ("id", sha)));
    }

    [Fact]
    public async Task a_file_that_is_not_a_strippable_image_or_too_large_or_missing_is_refused()
    {
        var observer = await api.ClientWithRole("observer");

        await Upload(observer, "%PDF-1.7 a report"u8.ToArray(), "report.pdf").ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        await Upload(observer, [.. Photo("cut")[..12]]).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        await Upload(observer, [0xFF, 0xD8, 0xFF, .. new byte[11 * 1024 * 1024]]).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        await observer.PostAsync("/api/evidence", new MultipartFormDataContent()).ExpectProblem(HttpStatusCode.BadRequest, "file");
        await api.Anonymous().PostAsync("/api/evidence", new MultipartFormDataContent()).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
