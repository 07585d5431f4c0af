import java.io.File;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.omegat.core.Core;
import org.omegat.core.data.PrepareTMXEntry;
import org.omegat.core.data.ProjectTMX;
import org.omegat.core.data.RealProject;
import org.omegat.core.data.SourceTextEntry;
import org.omegat.core.data.TMXEntry;
import org.omegat.core.matching.NearString;
import org.omegat.core.statistics.FindMatches;
import org.omegat.filters2.master.PluginUtils;
import org.omegat.util.Preferences;
import org.omegat.util.ProjectFileStorage;
import org.omegat.util.RuntimePreferences;

/**
 * A translator's session in OmegaT 3.6, without its window: the project loaded as OmegaT loads it, each segment
 * listed with its translation and its best match from the project's memories (what the Matches pane shows), the
 * edits a translator makes in the editor (RealProject.setTranslation, as the editor calls it when the translator
 * leaves a segment), and the project saved with OmegaT's own writers (omegat.project and
 * omegat/project_save.tmx, what Project > Save writes).
 *
 * java -cp OmegaT.jar TranslatorWork.java CONFIG_DIR PROJECT AUTHOR [EDITS]
 *
 * EDITS: a UTF-8 file, one edit per line: ACTION TAB SOURCE TAB TEXT TAB NOTE, where SOURCE is the segment's text
 * as OmegaT shows it (tags as <g0>...</g0>) and ACTION is "type" (typed over the segment's translation: the
 * editor keeps an alternative translation alternative, else the translation is the default one of every segment
 * with that source), "alternative" (a translation for this one segment only) or "insert-match" (Ctrl+I: the best
 * match, TEXT unused, then typed as "type" is). NOTE may be empty.
 *
 * Prints one line per segment, before the edits: SEGMENT TAB SOURCE TAB TRANSLATION TAB MATCH TAB SCORE TAB
 * MATCH_FILE (empty where there is none; MATCH_FILE relative to tm/); OmegaT's own messages are other lines.
 */
public class TranslatorWork {
    public static void main(String[] args) throws Exception {
        RuntimePreferences.setConfigDir(args[0]);
        Map<String, String> params = new HashMap<String, String>();
        PluginUtils.loadPlugins(params);
        Core.initializeConsole(params);
        Preferences.setPreference(Preferences.TEAM_AUTHOR, args[2]);
        RealProject project = new RealProject(ProjectFileStorage.loadProjectProperties(new File(args[1])));
        Core.setProject(project);
        project.loadProject(true);
        if (!project.isProjectLoaded()) {
            System.err.println("the project did not load");
            System.exit(1);
        }
        Map<String, String[]> edits = new HashMap<String, String[]>();
        if (args.length > 3) {
            for (String line : Files.readAllLines(Paths.get(args[3]), StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", -1);
                edits.put(fields[1], fields);
            }
        }
        String tm = new File(project.getProjectProperties().getTMRoot()).getCanonicalPath() + File.separator;
        for (SourceTextEntry entry : project.getAllEntries()) {
            String source = entry.getSrcText();
            TMXEntry current = project.getTranslationInfo(entry);
            List<NearString> matches = new FindMatches(project.getSourceTokenizer(), 5, true, false)
                    .search(project, source, true, false, () -> false);
            NearString best = matches.isEmpty() ? null : matches.get(0);
            String from = best == null ? "" : new File(best.projs[0]).getCanonicalPath().replace(tm, "");
            System.out.println(String.join("\t", "SEGMENT", source, current.isTranslated() ? current.translation : "",
                    best == null ? "" : best.translation, best == null ? "" : String.valueOf(best.scores[0].score),
                    from));
            String[] edit = edits.get(source);
            if (edit == null) {
                continue;
            }
            PrepareTMXEntry translation = new PrepareTMXEntry();
            translation.translation = edit[0].equals("insert-match") ? best.translation : edit[2];
            translation.note = edit.length > 3 && !edit[3].isEmpty() ? edit[3] : null;
            boolean shared = current.isTranslated() ? current.defaultTranslation : true;
            project.setTranslation(entry, translation, !edit[0].equals("alternative") && shared, null);
        }
        if (!edits.isEmpty()) {
            project.saveProjectProperties();
            Field field = RealProject.class.getDeclaredField("projectTMX");
            field.setAccessible(true);
            ((ProjectTMX) field.get(project)).save(project.getProjectProperties(),
                    project.getProjectProperties().getProjectInternal() + "project_save.tmx", true);
        }
        project.closeProject();
        System.exit(0);
    }
}
