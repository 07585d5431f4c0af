import java.io.File;
import org.omegat.core.Core;
import org.omegat.core.data.NotLoadedProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.*;

/** Prints what OmegaT's own glossary readers take from a file: source, target and comment, tab-separated. */
public class ReadGlossary {
    public static void main(String[] args) throws Exception {
        File f = new File(args[0]);
        ProjectProperties props = new ProjectProperties(f.getParentFile());
        props.setSourceLanguage(args[1]);
        props.setTargetLanguage(args[2]);
        Core.setProject(new NotLoadedProject() {
            @Override public ProjectProperties getProjectProperties() { return props; }
        });
        java.util.List<GlossaryEntry> entries = f.getName().endsWith(".tbx")
            ? GlossaryReaderTBX.read(f, false) : GlossaryReaderTSV.read(f, false);
        for (GlossaryEntry e : entries) {
            System.out.println(e.getSrcText() + "\t" + e.getLocText() + "\t" + e.getCommentText().replace("\n", "\\n"));
        }
    }
}
