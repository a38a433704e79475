using System.Diagnostics.CodeAnalysis;

namespace ParkingGate.Domain;

/// <summary>An expected failure: what kind it is, and a message that names the bad value, in English and in Chinese.</summary>
/// <param name="Kind">A stable code callers can branch on.</param>
/// <param name="Message">Plain words naming what was wrong (the command line, logs, the desk in English).</param>
/// <param name="Zh">The same in Chinese, as the desk shows it.</param>
public sealed record Problem(string Kind, string Message, string Zh)
{
    /// <summary>The message in the language asked for.</summary>
    public string In(bool english) => english ? Message : Zh;
}

/// <summary>A value or the <see cref="Problem"/> that prevented it. Expected outcomes are results, not exceptions.</summary>
/// <typeparam name="T">The value produced on success.</typeparam>
public readonly record struct Result<T>
{
    private Result(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The value, set when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>The problem, set when not <see cref="IsSuccess"/>.</summary>
    public Problem? Problem { get; }

    /// <summary>True when there is a value.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsSuccess => Problem is null;

    /// <summary>A successful result.</summary>
    public static Result<T> Success(T value) => new(value, null);

    /// <summary>A failed result.</summary>
    public static Result<T> Failure(string kind, string message, string zh) => new(default, new Problem(kind, message, zh));

    /// <summary>A failed result carrying an existing problem.</summary>
    public static Result<T> Failure(Problem problem) => new(default, problem);

    /// <summary>Wraps a value.</summary>
    public static implicit operator Result<T>(T value) => Success(value);

    /// <summary>Wraps a problem.</summary>
    public static implicit operator Result<T>(Problem problem) => Failure(problem);
}
