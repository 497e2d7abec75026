namespace NeuroActors.Results;

/// <summary>Reads the rows of a results CSV file after checking its header.</summary>
internal static class CsvLines
{
    /// <summary>Non-empty rows after the header, each with its 1-based line number and comma-separated fields.</summary>
    /// <exception cref="ResultsException">The file cannot be read or its first line is not <paramref name="header"/>.</exception>
    public static List<(int Line, string Text, string[] Fields)> Read(string path, string header)
    {
        try
        {
            var rows = new List<(int, string, string[])>();
            using var reader = new StreamReader(path);
            string? text = reader.ReadLine();
            if (text != header) throw new ResultsException($"'{path}': first line must be '{header}', got '{text}'");
            for (int line = 2; (text = reader.ReadLine()) is not null; line++)
                if (text.Length > 0) rows.Add((line, text, text.Split(',')));
            return rows;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException($"cannot read '{path}': {ex.Message}", ex);
        }
    }
}
