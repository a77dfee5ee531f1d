using System.Net;
using System.Text.RegularExpressions;
using Ledger.Api.Tests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ledger.Api.Tests.Web;

/// <summary>A browser-like client for the pages: keeps cookies, does not follow redirects, reads antiforgery tokens from forms.</summary>
public sealed partial class WebClient(LedgerApi api)
{
    public HttpClient Http { get; } = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static string TokenIn(string html) =>
        CsrfField().Match(html) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery field in the page");

    /// <summary>Posts a form the way a browser would, with the token from the page at <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        var (_, html) = await GetAsync(formPage);
        var all = fields.Append(("__csrf", TokenIn(html))).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2));
        return await Http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>Posts a form as multipart/form-data with one file, as a browser sends a form with a file input.</summary>
    public async Task<HttpResponseMessage> PostFormWithFileAsync(
        string formPage, string action, (string Field, string Name, byte[] Content) file, params (string Name, string Value)[] fields)
    {
        var (_, html) = await GetAsync(formPage);
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Append(("__csrf", TokenIn(html)))) content.Add(new StringContent(value), name);
        content.Add(new ByteArrayContent(file.Content), file.Field, file.Name);
        return await Http.PostAsync(action, content);
    }

    public async Task SignInAsync(string key)
    {
        using var response = await PostFormAsync("/sign-in", "/sign-in", ("key", key), ("returnUrl", "/"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
