package dev.vigil.plugins.dependencies;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** The versions listed in a repository's {@code maven-metadata.xml} for one groupId:artifactId. */
final class MavenMetadata {

    private MavenMetadata() {
    }

    /**
     * Every version the file lists ({@code versioning/versions/version}), plus {@code release} and {@code latest}.
     *
     * @throws IOException when the content is not such a file
     */
    static List<String> versions(byte[] xml) throws IOException {
        Document document;
        try {
            document = parser().parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new IOException("not a maven-metadata.xml file: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        if (root == null || !"metadata".equals(root.getTagName())) {
            throw new IOException("not a maven-metadata.xml file: the root element is not <metadata>");
        }
        List<String> versions = new ArrayList<>();
        NodeList listed = root.getElementsByTagName("version");
        for (int i = 0; i < listed.getLength(); i++) {
            // <metadata><version> (the artifact's own, in some files) is not a release listing
            if (listed.item(i).getParentNode() instanceof Element parent && "versions".equals(parent.getTagName())) {
                versions.add(listed.item(i).getTextContent().trim());
            }
        }
        for (String tag : List.of("release", "latest")) {
            NodeList nodes = root.getElementsByTagName(tag);
            if (nodes.getLength() > 0 && !nodes.item(0).getTextContent().isBlank()) {
                versions.add(nodes.item(0).getTextContent().trim());
            }
        }
        return versions;
    }

    /** No DTDs and no external entities: the file comes from the network. */
    private static DocumentBuilder parser() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // Fatal errors throw; the default handler would also print them to standard error.
            builder.setErrorHandler(new DefaultHandler());
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }
}
