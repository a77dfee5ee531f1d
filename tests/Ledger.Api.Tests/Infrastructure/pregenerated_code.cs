using System.Reflection;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Ledger.Api.Tests.Hosting;
using Ledger.Infrastructure.CodeGeneration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Http;
using Wolverine.Runtime.Handlers;

namespace Ledger.Api.Tests.Infrastructure;

// Alone, after the other collections: code generation flags the whole process as inside `codegen`, which changes how hosts start.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CodegenCollection : ICollectionFixture<LedgerApi> { public const string Name = "codegen"; }

/// <summary>
/// Release builds serve only what src/Ledger.Api/Internal/Generated holds: an endpoint missing there is a silent 404, a stale
/// file runs old code. So the files must be exactly what <c>codegen write</c> writes now, regenerated here in memory.
/// </summary>
[Collection(CodegenCollection.Name)]
public sealed class pregenerated_code(LedgerApi api)
{
    [Fact]
    public void is_what_codegen_write_writes_for_the_current_endpoints_and_handlers()
    {
        var committed = Path.Combine(Repository.Root, GeneratedCode.Folder);
        var regenerated = Directory.CreateTempSubdirectory("ledger-codegen-");
        try
        {
            var chains = WriteGeneratedCode(regenerated.FullName);
            var expected = Files(regenerated.FullName);
            var actual = Files(committed);

            var problems = new List<string>();
            foreach (var (file, code) in expected)
            {
                var chain = chains.GetValueOrDefault(file, "support code");
                if (!actual.TryGetValue(file, out var existing)) problems.Add($"missing: {file}, for {chain}");
                else if (existing != code) problems.Add($"out of date: {file}, for {chain}");
            }
            problems.AddRange(actual.Keys.Where(file => !expected.ContainsKey(file))
                .Select(file => $"left over: {file}, which no endpoint or handler generates any more"));

            Assert.True(problems.Count == 0,
                $"The pre-generated Wolverine code in {GeneratedCode.Folder} does not match the current endpoints and handlers, " +
                "so a Release build would answer 404 or run old code for them:\n  " + string.Join("\n  ", problems.Order()) +
                $"\nRegenerate it from the repository root (no database needed) and commit the result:\n  {GeneratedCode.RegenerateCommand}\n");
        }
        finally
        {
            regenerated.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A Release build maps only the endpoint classes listed in its generated registry, where a Debug build scans the assembly:
    /// in either, every endpoint method in the source must be in the route table.
    /// </summary>
    [Fact]
    public void the_route_table_holds_every_endpoint_in_the_source()
    {
        var declared = typeof(Program).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(method => method.GetCustomAttributes<WolverineHttpMethodAttribute>()
                .Select(route => $"{route.HttpMethod} {Normalise(route.Template)} ({method.DeclaringType!.FullName}.{method.Name})"))
            .ToList();
        var mapped = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(verb => $"{verb} {Normalise(endpoint.RoutePattern.RawText)}"))
            .ToHashSet();

        var unmapped = declared.Where(route => !mapped.Contains(route[..route.IndexOf(" (", StringComparison.Ordinal)])).ToList();
        Assert.True(declared.Count > 0 && unmapped.Count == 0,
            $"Endpoints in the source that the {GeneratedCode.Mode} host does not serve (they would answer 404):\n  {string.Join("\n  ", unmapped)}\n" +
            $"If the host loads pre-generated code, regenerate it from the repository root and commit the result:\n  {GeneratedCode.RegenerateCommand}\n");
    }

    static string Normalise(string? route) => "/" + (route ?? "").Trim('/');

    /// <summary>Runs what <c>codegen write</c> runs, into <paramref name="folder"/>; returns the chain behind each file.</summary>
    Dictionary<string, string> WriteGeneratedCode(string folder)
    {
        var collections = api.Services.GetServices<ICodeFileCollection>().ToArray();
        var chains = new Dictionary<string, string>();
        foreach (var collection in collections)
        foreach (var file in collection.BuildFiles())
            chains[Path.Combine([.. collection.ChildNamespace.Split('.'), file.FileName.Replace(" ", "_") + ".cs"])] = Describe(file);

        var outputPaths = collections.Select(c => (c.Rules, c.Rules.GeneratedCodeOutputPath)).ToArray();
        try
        {
            foreach (var collection in collections) collection.Rules.GeneratedCodeOutputPath = folder;
            new DynamicCodeBuilder(api.Services, collections) { ServiceVariableSource = api.Services.GetService<IServiceVariableSource>() }
                .WriteGeneratedCode(_ => { });
        }
        finally
        {
            foreach (var (rules, path) in outputPaths) rules.GeneratedCodeOutputPath = path;
        }
        return chains;
    }

    static string Describe(ICodeFile file) => file switch
    {
        HttpChain http => $"endpoint {string.Join("|", http.HttpMethods)} {http.RoutePattern?.RawText} " +
            $"({http.Method.HandlerType.FullName}.{http.Method.Method.Name})",
        HandlerChain handler => $"handler for {handler.MessageType.FullName}",
        _ => $"support code ({file.GetType().Name})",
    };

    static Dictionary<string, string> Files(string folder) =>
        !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(path => Path.GetRelativePath(folder, path), path => File.ReadAllText(path).ReplaceLineEndings("\n"));
}
