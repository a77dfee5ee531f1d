using System.Reflection;
using Ledger.Api.Tests.Hosting;
using Ledger.Infrastructure.Writing;
using Wolverine;
using Wolverine.Http;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// Every write goes through one Wolverine handler per command: the routes and the pages hand commands over, and only the
/// handlers load, check, decide and append. These look at the code itself, so that a second write path cannot creep back.
/// </summary>
public sealed class one_write_path
{
    static readonly Assembly Api = typeof(IWrite).Assembly;

    static IEnumerable<(string File, int Line, string Text)> SourceLines(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !f.Contains("Internal" + Path.DirectorySeparatorChar + "Generated"))
            .SelectMany(f => File.ReadLines(f).Select((text, i) => (Path.GetRelativePath(Repository.Root, f), i + 1, text)));

    [Fact]
    public void every_write_command_has_exactly_one_handler()
    {
        var commands = Api.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IWrite).IsAssignableFrom(t))
            .ToList();
        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            var handlers = Api.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
                .Where(m => m.Name == "Handle" && m.GetParameters() is [var first, ..] && first.ParameterType == command)
                .ToList();
            Assert.True(handlers.Count == 1, $"{command.Name} has {handlers.Count} handlers");
        }
    }

    [Fact]
    public void every_write_route_hands_its_command_to_the_bus()
    {
        var routes = Api.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<WolverinePostAttribute>() is not null)
            .ToList();
        Assert.True(routes.Count >= 10, $"only {routes.Count} write routes found");
        Assert.All(routes, route => Assert.True(route.GetParameters().Any(p => p.ParameterType == typeof(IMessageBus)),
            $"{route.DeclaringType!.Name}.{route.Name} does not send its command through IMessageBus"));
    }

    [Theory]
    [InlineData("session.Query")]
    [InlineData("LoadAsync<")]
    [InlineData("LoadManyAsync")]
    [InlineData("FetchForWriting")]
    [InlineData("Events.Append")]
    [InlineData("StartStream")]
    [InlineData("SaveChangesAsync")]
    [InlineData("SetHeader")]
    [InlineData("Handler.Decide")]
    [InlineData("Handler.Check")]
    public void the_pages_neither_query_nor_write_the_store_themselves(string forbidden)
    {
        var found = SourceLines(Path.Combine("src", "Ledger.Api", "Web")).Where(l => l.Text.Contains(forbidden)).ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found.Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")));
    }

    [Theory]
    [InlineData("ConditionalWeakTable")]
    [InlineData("EnsureSchemaAsync")]
    [InlineData("pending:")]
    public void receipts_and_schema_need_no_tricks(string forbidden)
    {
        var found = SourceLines("src").Where(l => l.Text.Contains(forbidden)).ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found.Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")));
    }
}
