using System.Globalization;
using System.Text;

namespace NeuroActors.Model.Files;

/// <summary>
/// The Python literals an .npy header is written in: dicts with string keys, tuples and lists (both read as lists),
/// quoted strings, whole numbers, True, False and None. Nothing else is needed to read a header, and nothing is
/// evaluated.
/// </summary>
internal sealed class PythonLiteral
{
    private readonly string _text, _name;
    private int _at;

    private PythonLiteral(string text, string name)
    {
        _text = text;
        _name = name;
    }

    /// <summary>The value of <paramref name="text"/>: a Dictionary, List, string, long, bool or null.</summary>
    /// <exception cref="InvalidDataException">The text is not such a literal; <paramref name="name"/> names the file.</exception>
    public static object? Parse(string text, string name)
    {
        var parser = new PythonLiteral(text, name);
        var value = parser.Value();
        parser.Blank();
        if (parser._at != text.Length) throw parser.Error("the end of the header");
        return value;
    }

    private object? Value()
    {
        Blank();
        if (_at >= _text.Length) throw Error("a value");
        char c = _text[_at];
        switch (c)
        {
            case '{': return Dict();
            case '(': return Sequence(')');
            case '[': return Sequence(']');
            case '\'' or '"': return Quoted();
        }
        if (c == '-' || char.IsAsciiDigit(c))
        {
            int start = _at++;
            while (_at < _text.Length && char.IsAsciiDigit(_text[_at])) _at++;
            if (_at < _text.Length && _text[_at] == 'L') _at++; // Python 2 long
            return long.TryParse(_text.AsSpan(start, _at - start).TrimEnd('L'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)
                ? n : throw Error("a whole number");
        }
        foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
            if (string.CompareOrdinal(_text, _at, word, 0, word.Length) == 0)
            {
                _at += word.Length;
                return value;
            }
        throw Error("a dict, tuple, list, string, whole number, True, False or None");
    }

    private Dictionary<string, object> Dict()
    {
        _at++;
        var dict = new Dictionary<string, object>();
        while (true)
        {
            Blank();
            if (Take('}')) return dict;
            if (Value() is not string key) throw Error("a string key");
            Blank();
            if (!Take(':')) throw Error("':'");
            dict[key] = Value()!;
            Blank();
            if (Take('}')) return dict;
            if (!Take(',')) throw Error("',' or '}'");
        }
    }

    private List<object> Sequence(char close)
    {
        _at++;
        var list = new List<object>();
        while (true)
        {
            Blank();
            if (Take(close)) return list;
            list.Add(Value()!);
            Blank();
            if (Take(close)) return list;
            if (!Take(',')) throw Error($"',' or '{close}'");
        }
    }

    private string Quoted()
    {
        char quote = _text[_at++];
        var sb = new StringBuilder();
        while (_at < _text.Length && _text[_at] != quote)
        {
            if (_text[_at] == '\\' && _at + 1 < _text.Length) _at++;
            sb.Append(_text[_at++]);
        }
        if (_at >= _text.Length) throw Error($"a closing {quote}");
        _at++;
        return sb.ToString();
    }

    private bool Take(char c)
    {
        if (_at < _text.Length && _text[_at] == c)
        {
            _at++;
            return true;
        }
        return false;
    }

    private void Blank()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++;
    }

    private InvalidDataException Error(string expected) =>
        NpyFile.Bad(_name, $"header at character {_at}", _at < _text.Length ? $"'{_text[_at]}'" : "the end", $"expected {expected}");
}
