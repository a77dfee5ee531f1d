using System.Text.Json;
using JasperFx;
using Ledger.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Ledger.UnitTests.Infrastructure;

public class exception_problems
{
    [Fact]
    public void mistyped_json_is_a_400_keyed_by_its_field()
    {
        var problem = ExceptionProblems.Describe(new BadHttpRequestException("Failed to read", new JsonException("bad", "$.target.amount", 4, 12)));

        var invalid = Assert.IsType<ValidationProblemDetails>(problem);
        Assert.Equal(400, invalid.Status);
        Assert.Equal(["target.amount"], invalid.Errors.Keys);
        Assert.Contains("line 5", invalid.Detail);
    }

    [Fact]
    public void json_broken_at_the_root_is_keyed_at_the_root() =>
        Assert.Equal(["$"], Assert.IsType<ValidationProblemDetails>(ExceptionProblems.Describe(new JsonException("bad", "$", null, null))).Errors.Keys);

    [Fact]
    public void an_oversized_body_is_a_413() =>
        Assert.Equal(413, ExceptionProblems.Describe(new BadHttpRequestException("too big", StatusCodes.Status413PayloadTooLarge)).Status);

    [Fact]
    public void another_unreadable_request_keeps_its_status() =>
        Assert.Equal(415, ExceptionProblems.Describe(new BadHttpRequestException("no", StatusCodes.Status415UnsupportedMediaType)).Status);

    [Fact]
    public void a_lost_race_is_a_409() =>
        Assert.Equal(409, ExceptionProblems.Describe(new ConcurrencyException("version 3 expected", null)).Status);

    [Fact]
    public void an_unreachable_database_is_a_503()
    {
        Assert.Equal(503, ExceptionProblems.Describe(new NpgsqlException("connection refused")).Status);
        Assert.Equal(503, ExceptionProblems.Describe(new TimeoutException()).Status);
    }

    [Fact]
    public void a_single_wrapped_failure_is_described_as_itself() =>
        Assert.Equal(503, ExceptionProblems.Describe(new AggregateException(new AggregateException(new NpgsqlException("down")))).Status);

    [Fact]
    public void anything_else_is_a_500_that_names_no_internals()
    {
        var problem = ExceptionProblems.Describe(new InvalidOperationException("Secret connection string Host=db;Password=hunter2"));

        Assert.Equal(500, problem.Status);
        Assert.DoesNotContain("hunter2", problem.Detail);
        Assert.DoesNotContain("InvalidOperationException", problem.Title);
    }
}
